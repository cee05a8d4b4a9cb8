// A button that copies a text to the clipboard (navigator.clipboard) and says so in a status
// region beside it: "Copied", or why not, so the user can select the text and copy it by hand.
import { useState } from 'react';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [status, setStatus] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus('Copied');
    } catch {
      setStatus('Could not copy: select the text and copy it yourself.');
    }
  };
  return (
    <span className="copy">
      <button type="button" className="secondary" onClick={() => void copy()}>{label}</button>
      <span role="status" aria-live="polite" className="copy-status">{status}</span>
    </span>
  );
}
