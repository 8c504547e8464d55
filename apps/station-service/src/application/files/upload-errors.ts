import { ProblemError } from '@voltlane/api-kit';
import { FileStoreError, FileStoreErrorCode } from '@voltlane/file-storage';
import { UploadRefusal, uploadRefusalStatus } from '../../domain/upload-slot-rules';

const DETAIL: Readonly<Record<UploadRefusal, string>> = {
  [UploadRefusal.UnknownSlot]: 'No such upload slot',
  [UploadRefusal.BadToken]: 'The upload token is not valid for this slot',
  [UploadRefusal.Expired]: 'The upload URL has expired',
  [UploadRefusal.AlreadyReceived]: 'A file has already been uploaded to this URL',
  [UploadRefusal.TooLarge]: 'The file is larger than the upload limit',
  [UploadRefusal.Empty]: 'The upload is empty',
};

/** The problem+json answer to a refused upload (or download). */
export function uploadProblem(refusal: UploadRefusal, detail = DETAIL[refusal]): ProblemError {
  const { status, title } = uploadRefusalStatus(refusal);
  return new ProblemError(status, title, detail);
}

/** Store errors while receiving a body, as the refusal they mean (others are rethrown). */
export function refusalOfStoreError(error: unknown): UploadRefusal {
  if (error instanceof FileStoreError && error.code === FileStoreErrorCode.TooLarge) return UploadRefusal.TooLarge;
  throw error;
}
