import { useCameras } from '../../hooks/useCameras';
import './camera-setup.css';

/** On the first views a new install shows: HomeSec has no camera yet, and where to add one. */
export function NoCamerasPrompt() {
  const { cameras } = useCameras();
  if (cameras === undefined || cameras.length > 0) return null;
  return (
    <p className="card no-cameras-prompt">
      HomeSec has no cameras yet. <a href="#/cameras">Add your first camera</a>
    </p>
  );
}
