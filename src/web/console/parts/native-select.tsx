/**
 * The console's select for plain choices: a native `<select>` dressed as a Radix Themes field. On the
 * counter's tablet the platform's own picker is the easier one to hit, and it is keyboard- and
 * screen-reader-friendly as the browser makes it. (Radix Select stays for pickers whose options are
 * rich text, such as the merge page's people.)
 */
import type { SelectHTMLAttributes } from 'react';

export function NativeSelect({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select {...props} className={`console-native-select${className ? ` ${className}` : ''}`} />;
}

/** A NativeSelect of named options, with an optional unchosen first line. */
export function ChoiceSelect({
  id,
  value,
  onChange,
  options,
  placeholder,
  label,
}: {
  id?: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly { value: string; label: string }[];
  placeholder?: string | undefined;
  /** For a select without a <label> of its own. */
  label?: string;
}) {
  return (
    <NativeSelect
      id={id}
      aria-label={label}
      className="console-choice-select"
      value={value}
      onChange={(event) => onChange(event.target.value)}
    >
      {placeholder !== undefined ? (
        <option value="" disabled>
          {placeholder}
        </option>
      ) : null}
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </NativeSelect>
  );
}
