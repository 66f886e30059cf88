// An action that asks first (issue 16: "Open", "Close" and "Publish" acted on one click). The
// button unfolds, in place, what will happen and a second button that does it; Escape or
// "Cancel" folds it again. In the page, not a window.confirm, so it reads in the workspace's
// language, can be styled, and screen readers meet it where the focus goes.
import type { ComponentChildren } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { useStrings } from "./strings";

export function ConfirmAction({
  label,
  confirmLabel,
  cancelLabel,
  children,
  onConfirm,
  disabled = false,
  primary = false,
  danger = false,
}: {
  label: string;
  /** Says the action again, plainly: "Close the survey". */
  confirmLabel: string;
  cancelLabel?: string;
  /** What will happen, in a sentence or two. */
  children: ComponentChildren;
  onConfirm: () => void | Promise<void>;
  disabled?: boolean;
  primary?: boolean;
  danger?: boolean;
}) {
  const id = useId();
  const t = useStrings().confirm;
  const [asking, setAsking] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmButton.current?.focus();
  }, [asking]);
  const fold = () => {
    setAsking(false);
    opener.current?.focus();
  };
  return (
    <>
      <button
        type="button"
        ref={opener}
        class={primary ? "primary" : undefined}
        aria-expanded={asking}
        aria-controls={id}
        disabled={disabled}
        onClick={() => setAsking(!asking)}
      >
        {label}
      </button>
      {asking ? (
        <fieldset
          id={id}
          class="confirm"
          onKeyDown={(event) => {
            if (event.key === "Escape") fold();
          }}
        >
          <legend class="visually-hidden">{label}</legend>
          <p>{children}</p>
          <button
            type="button"
            ref={confirmButton}
            class={danger ? "danger" : "primary"}
            onClick={async () => {
              setAsking(false);
              await onConfirm();
            }}
          >
            {confirmLabel}
          </button>
          <button type="button" onClick={fold}>
            {cancelLabel ?? t.cancel}
          </button>
        </fieldset>
      ) : null}
    </>
  );
}
