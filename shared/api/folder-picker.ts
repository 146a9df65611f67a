import { z } from 'zod';

// What the Electron window's native folder dialog answers: the chosen folder, or null when the user cancelled.
export const PickedFolderSchema = z.object({ root: z.string().min(1).max(4096).nullable() }).strict();
export type PickedFolder = z.infer<typeof PickedFolderSchema>;
