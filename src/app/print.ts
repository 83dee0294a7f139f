/**
 * Paper gets the whole card: closed detail (`<details>`) is opened before printing and closed again
 * after, so what the clinician had collapsed on screen is not lost from the printout.
 */
export function openDetailsForPrint(target: Window): () => void {
  let opened: HTMLDetailsElement[] = [];
  const before = () => {
    opened = [...target.document.querySelectorAll<HTMLDetailsElement>('details:not([open])')].filter(
      // The diagnostics panel is for whoever sets the app up; it stays off paper (print CSS).
      (details) => !details.classList.contains('diagnostics'),
    );
    for (const details of opened) details.open = true;
  };
  const after = () => {
    for (const details of opened) details.open = false;
    opened = [];
  };
  target.addEventListener('beforeprint', before);
  target.addEventListener('afterprint', after);
  return () => {
    target.removeEventListener('beforeprint', before);
    target.removeEventListener('afterprint', after);
  };
}
