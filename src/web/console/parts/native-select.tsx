/**
 * A native `<select>` dressed as a Radix Themes field. Radix's Select renders an inline `<style>` in its
 * popup (to hide the scrollbar), which the console's CSP refuses; the native one needs none, and is
 * keyboard- and screen-reader-friendly as the platform makes it.
 */
import type { SelectHTMLAttributes } from 'react';

export function NativeSelect({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select {...props} className={`console-native-select${className ? ` ${className}` : ''}`} />;
}
