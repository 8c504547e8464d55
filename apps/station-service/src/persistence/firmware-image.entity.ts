import { Column, Entity, PrimaryColumn } from 'typeorm';

const bigintNumber = { to: (v: number) => v, from: (v: string) => Number(v) };

/** A firmware image an operator uploaded; stations download it from its tokenised URL. */
@Entity({ name: 'firmware_image' })
export class FirmwareImageEntity {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) version!: string;
  @Column({ name: 'file_name', type: 'text' }) fileName!: string;
  @Column({ name: 'file_key', type: 'text' }) fileKey!: string;
  @Column({ type: 'bigint', transformer: bigintNumber }) size!: number;
  @Column({ type: 'text' }) sha256!: string;
  /**
   * The token in the URL stations download the image from. Kept as is (not hashed): every
   * UpdateFirmware that names the image needs the URL again, and it only guards a firmware image.
   */
  @Column({ name: 'download_token', type: 'text' }) downloadToken!: string;
  @Column({ name: 'uploaded_by', type: 'text', nullable: true }) uploadedBy!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
