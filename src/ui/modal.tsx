/**
 * A native modal dialog opened and closed from React state (focus trap, Escape and backdrop
 * come with <dialog>). Its content is rendered only while it is open; state kept by the
 * caller (a half-typed paste) survives closing.
 */
import { useEffect, useRef, type ReactNode } from 'react';

export function Modal({
  open,
  onClose,
  label,
  className,
  children,
}: {
  open: boolean;
  onClose(): void;
  label: string;
  className?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className={`import-dialog ${className ?? ''}`} aria-label={label} onClose={onClose}>
      {open && children}
    </dialog>
  );
}
