// What a save or publish on the Feedback page came to: a status when it worked, an alert when
// it did not, so screen readers hear a refusal at once.
export interface Outcome {
  ok: boolean;
  text: string;
}

export function OutcomeLine(props: { outcome: Outcome | null; id?: string; testId?: string }) {
  const { outcome } = props;
  if (!outcome) return null;
  return (
    <p
      id={props.id}
      class={outcome.ok ? "status" : "status error"}
      role={outcome.ok ? "status" : "alert"}
      data-testid={props.testId}
    >
      {outcome.text}
    </p>
  );
}
