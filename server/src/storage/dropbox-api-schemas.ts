import { z } from 'zod';

// Replies of the Dropbox HTTP API, validated at the edge (only the fields HomeSec reads).

export const TokenReplySchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive().optional(),
});

export const TokenErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().optional(),
});

export const FileMetadataSchema = z.object({
  '.tag': z.literal('file').optional(),
  path_display: z.string().optional(),
  path_lower: z.string().optional(),
  size: z.number().int().min(0),
  content_hash: z.string().optional(),
});
export type FileMetadata = z.infer<typeof FileMetadataSchema>;

/** get_metadata answers with a file, a folder or a deleted entry at the path. */
export const MetadataReplySchema = z.union([
  FileMetadataSchema.extend({ '.tag': z.literal('file') }),
  z.object({ '.tag': z.enum(['folder', 'deleted']) }),
]);

export const UploadSessionStartSchema = z.object({ session_id: z.string().min(1) });

export const DeleteReplySchema = z.object({ metadata: z.object({}).loose() });

/** The body of a 409 (endpoint-specific error) or 401/429 reply. */
export const ApiErrorSchema = z.object({
  error_summary: z.string().default(''),
  error: z.unknown().optional(),
});

const OffsetErrorSchema = z.object({ '.tag': z.literal('incorrect_offset'), correct_offset: z.number().int().min(0) });
const NestedOffsetErrorSchema = z.object({ '.tag': z.literal('lookup_failed'), lookup_failed: OffsetErrorSchema });

/** Where Dropbox says an upload session really is, after an append whose reply got lost. */
export function correctOffsetOf(error: unknown): number | null {
  const direct = OffsetErrorSchema.safeParse(error);
  if (direct.success) return direct.data.correct_offset;
  const nested = NestedOffsetErrorSchema.safeParse(error);
  return nested.success ? nested.data.lookup_failed.correct_offset : null;
}
