/**
 * The kiosk's API key, kept on the device (local storage) once staff set the kiosk up: it is the
 * device's credential, not a person's data. Nothing else of the kiosk is ever stored.
 */
const STORAGE_KEY = 'patron.kiosk.key';

export function storedKioskKey(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeKioskKey(key: string): void {
  window.localStorage.setItem(STORAGE_KEY, key);
}

export function forgetKioskKey(): void {
  window.localStorage.removeItem(STORAGE_KEY);
}
