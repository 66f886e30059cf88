// Form pieces every workspace page shares: a labelled field whose messages are tied to it for
// screen readers, and a status line that is announced when it changes.
import type { ComponentChildren } from "preact";

export interface TextFieldProps {
  id: string;
  label: ComponentChildren;
  value: string;
  onInput: (value: string) => void;
  type?: "text" | "email" | "password";
  autocomplete?: string;
  hint?: ComponentChildren;
  errors?: readonly string[];
  required?: boolean;
  multiline?: boolean;
  lang?: string;
  inputMode?: "text" | "decimal" | "numeric";
  class?: string;
}

export function TextField(props: TextFieldProps) {
  const { id, errors = [] } = props;
  const describedBy =
    [props.hint ? `${id}-hint` : null, errors.length > 0 ? `${id}-error` : null]
      .filter(Boolean)
      .join(" ") || undefined;
  const common = {
    id,
    value: props.value,
    lang: props.lang,
    required: props.required,
    "aria-describedby": describedBy,
    "aria-invalid": errors.length > 0 ? ("true" as const) : undefined,
    onInput: (event: Event) => props.onInput((event.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class={`field ${props.class ?? ""}`}>
      <label for={id}>{props.label}</label>
      {props.multiline ? (
        <textarea {...common} rows={3} />
      ) : (
        <input
          {...common}
          // Preact types each input type apart; these three take the same attributes.
          type={(props.type ?? "text") as "text"}
          autocomplete={props.autocomplete ?? "off"}
          inputMode={props.inputMode}
          spellcheck={props.type === "email" || props.type === "password" ? false : undefined}
        />
      )}
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {errors.length > 0 ? (
        <p class="error" id={`${id}-error`}>
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export type Status =
  | { kind: "idle" }
  | { kind: "busy"; text: string }
  | { kind: "error" | "done"; text: string };

export function StatusLine({ status }: { status: Status }) {
  return (
    <p class={`status ${status.kind}`} role={status.kind === "error" ? "alert" : "status"}>
      {status.kind === "idle" ? "" : status.text}
    </p>
  );
}

/** Lets the browser paint "working…" before Argon2id holds the main thread for a second. */
export const paint = () => new Promise<void>((resolve) => setTimeout(resolve, 30));
