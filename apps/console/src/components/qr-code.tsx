/**
 * A QR code drawn as inline SVG from the `qrcode` package's matrix: no canvas, no image request,
 * nothing leaves the page (the otpauth:// URI it encodes holds the TOTP secret).
 */
import { useMemo } from 'react';
import QRCode from 'qrcode';

/** Quiet zone around the code, in modules (the standard asks for 4). */
const MARGIN = 4;

export function QrCode({ value, label, size = 192 }: { value: string; label: string; size?: number }) {
  const path = useMemo(() => {
    const { modules } = QRCode.create(value, { errorCorrectionLevel: 'M' });
    const parts: string[] = [];
    for (let y = 0; y < modules.size; y++) {
      for (let x = 0; x < modules.size; x++) if (modules.get(y, x)) parts.push(`M${x + MARGIN} ${y + MARGIN}h1v1h-1z`);
    }
    return { d: parts.join(''), extent: modules.size + 2 * MARGIN };
  }, [value]);
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${path.extent} ${path.extent}`}
      shapeRendering="crispEdges"
      data-testid="totp-qr"
    >
      <rect width={path.extent} height={path.extent} fill="#fff" />
      <path d={path.d} fill="#000" />
    </svg>
  );
}
