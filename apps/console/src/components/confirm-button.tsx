/** A destructive action asks once more, inline (no window.confirm, which screen readers handle poorly). */
import { useState } from 'react';

export function ConfirmButton({
  label,
  ariaLabel,
  confirmLabel,
  onConfirm,
  disabled,
}: {
  label: string;
  ariaLabel?: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" className="danger-outline" aria-label={ariaLabel} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <span className="confirm">
      <button
        type="button"
        className="danger"
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
