import type * as Y from "yjs";

/**
 * Spares the page from encoding what it receives. Yjs encodes every transaction as an
 * update for its "update" listeners, and on this page those listeners (y-websocket's
 * sender, the unsent-changes count) ignore what came from the server: for the first sync
 * of a 300-page draft that is a 1 MB encoding thrown away (about 100 ms of the load), and
 * a small one for every keystroke another participant makes.
 *
 * The listeners are set aside for the moment Yjs decides whether to encode a transaction
 * of `origin` (between "afterTransactionCleanup" and the next event of that cleanup),
 * and only then: a transaction this page makes while applying a remote one (a nested
 * one, from an observer) is still encoded and sent.
 */
export function skipEncodingFrom(ydoc: Y.Doc, origin: unknown): void {
  const observers = (ydoc as unknown as { _observers: Map<string, Set<(...args: any[]) => void>> })._observers;
  let aside: Set<(...args: any[]) => void> | null = null;
  const restore = () => {
    if (aside === null) return;
    const added = observers.get("update");
    if (added) for (const f of added) aside.add(f);
    observers.set("update", aside);
    aside = null;
  };
  ydoc.on("afterTransactionCleanup", (transaction: Y.Transaction) => {
    restore();
    if (transaction.origin !== origin || transaction.local) return;
    const current = observers.get("update");
    if (!current) return;
    aside = current;
    observers.delete("update");
  });
  // Whatever comes next in Yjs's cleanup loop puts them back before anything else can run.
  for (const event of ["beforeObserverCalls", "afterAllTransactions", "beforeTransaction"]) ydoc.on(event as "afterAllTransactions", restore);
}
