import { useEffect, useId, useRef, useState } from 'react';
import { ZoneEditor } from './ZoneEditor';

/**
 * The "Zones & masks" button of a camera tile and the editor it opens, as a modal dialog: the whole
 * screen on a phone, so the picture is as large as it can be. Escape or Close leaves it.
 */
export function ZoneEditorDialog({ camera }: { readonly camera: string }) {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useId();

  useEffect(() => {
    if (open && dialog.current && !dialog.current.open) dialog.current.showModal();
  }, [open]);

  return (
    <>
      <button type="button" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Zones &amp; masks<span className="sr-only"> {camera}</span>
      </button>
      {open && (
        <dialog ref={dialog} className="zone-dialog" aria-labelledby={heading} onClose={() => setOpen(false)}>
          <div className="zone-dialog-head">
            <h2 id={heading}>Zones and masks of {camera}</h2>
            <button type="button" onClick={() => dialog.current?.close()}>
              Close
            </button>
          </div>
          <ZoneEditor camera={camera} />
        </dialog>
      )}
    </>
  );
}
