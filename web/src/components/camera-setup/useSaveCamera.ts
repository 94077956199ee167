import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SaveCameraBody, SaveCameraResponse } from '../../camera-setup-contract';
import { cameraSetupApi, cameraSetupInfoQueryKey } from '../../camera-setup-api';

/** Saves the camera; the names taken are asked again after, so a second camera cannot take the same one. */
export function useSaveCamera(onSaved: (saved: SaveCameraResponse) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SaveCameraBody) => cameraSetupApi.save(body),
    onSuccess: async (saved) => {
      onSaved(saved);
      await queryClient.invalidateQueries({ queryKey: cameraSetupInfoQueryKey });
    },
  });
}
