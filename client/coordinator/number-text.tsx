// Fields whose text becomes a number or a list, kept as typed until it reads as one, so "-",
// "1." or "2018-0" survive under the designer's fingers.
import { useEffect, useState } from "preact/hooks";
import { TextField } from "./fields";
import { useStrings } from "./strings";

export function NumberText(props: {
  id: string;
  label: string;
  value: number | undefined;
  errors: readonly string[];
  integer?: boolean;
  onChange: (value: number | undefined) => void;
}) {
  const t = useStrings().builder.settingsOf;
  const [text, setText] = useState(props.value === undefined ? "" : String(props.value));
  useEffect(() => {
    if (Number(text) !== props.value || text.trim() === "") {
      setText(props.value === undefined ? "" : String(props.value));
    }
  }, [props.value]);
  const unreadable = text.trim() !== "" && !Number.isFinite(Number(text));
  return (
    <TextField
      id={props.id}
      class="short"
      label={props.label}
      value={text}
      inputMode={props.integer ? "numeric" : "decimal"}
      errors={unreadable ? [t.notANumber, ...props.errors] : props.errors}
      onInput={(value) => {
        setText(value);
        if (value.trim() === "") props.onChange(undefined);
        else if (Number.isFinite(Number(value))) props.onChange(Number(value));
      }}
    />
  );
}

/**
 * Bin edges typed as a list. `parse` turns the text into edges, or null when one cannot be
 * read (the message then says how to write them).
 */
export function ListText<T extends number | string>(props: {
  id: string;
  label: string;
  hint: string;
  unreadable: string;
  value: T[] | undefined;
  errors: readonly string[];
  parse: (text: string) => T[] | null;
  onChange: (value: T[] | undefined) => void;
}) {
  const [text, setText] = useState(props.value?.join(", ") ?? "");
  useEffect(() => {
    const parsed = props.parse(text);
    if (JSON.stringify(parsed ?? []) !== JSON.stringify(props.value ?? [])) {
      setText(props.value?.join(", ") ?? "");
    }
  }, [props.value]);
  const parsed = props.parse(text);
  return (
    <TextField
      id={props.id}
      label={props.label}
      value={text}
      errors={[...(parsed === null ? [props.unreadable] : []), ...props.errors]}
      hint={props.hint}
      onInput={(value) => {
        setText(value);
        const edges = props.parse(value);
        if (edges !== null) props.onChange(edges.length === 0 ? undefined : edges);
      }}
    />
  );
}
