/**
 * Who makes a change and when: `by` is a delegation code, "chair" or "secretariat";
 * `at` an ISO time. The secretariat typing for a delegation writes with that
 * delegation's code, which is why the author is separate from the participant.
 */
export interface Author {
  by: string;
  at: string;
}
