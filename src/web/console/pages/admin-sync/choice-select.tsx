/**
 * A native <select> in the design system's looks. Radix Select renders a <style> element (its
 * viewport's scrollbar rule), which the console's CSP refuses; the native control needs none, and
 * it is the better one on a tablet anyway.
 */
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
    <select
      id={id}
      aria-label={label}
      className="admin-sync-native-select"
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
    </select>
  );
}
