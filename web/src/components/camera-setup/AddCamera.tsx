import { useEffect, useRef, useState } from 'react';
import { AddCameraWizard } from './AddCameraWizard';
import './camera-setup.css';

/**
 * The Cameras view's "Add camera": a button that opens the wizard in place. With no camera at all (a new
 * install) the wizard is open at once, without taking the focus from where the page put it.
 */
export function AddCamera({ noCameras }: { readonly noCameras: boolean }) {
  const [open, setOpen] = useState(noCameras);
  const [opened, setOpened] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const closed = useRef(false);
  useEffect(() => {
    if (noCameras) setOpen(true);
  }, [noCameras]);
  // Closing the wizard gives the focus back to the button that opens it.
  useEffect(() => {
    if (!open && closed.current) button.current?.focus();
  }, [open]);
  if (open)
    return (
      <AddCameraWizard
        focusOnOpen={opened}
        onClose={() => {
          closed.current = true;
          setOpen(false);
        }}
      />
    );
  return (
    <div className="add-camera">
      <button
        ref={button}
        type="button"
        className="wizard-primary"
        onClick={() => {
          setOpened(true);
          setOpen(true);
        }}
      >
        Add camera
      </button>
    </div>
  );
}
