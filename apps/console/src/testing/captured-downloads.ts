// For specs: what `downloadText` offers, read back from the Blob it hands to URL.createObjectURL.

function blobText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('unreadable blob'));
    reader.readAsText(blob);
  });
}

export interface CapturedDownloads {
  /** The file names offered, in order. */
  names: string[];
  /** The text of each file offered, in order. */
  texts(): Promise<string[]>;
  restore(): void;
}

/** Spies URL.createObjectURL (the blobs) and the link click (the file names, without jsdom navigating). */
export function captureDownloads(): CapturedDownloads {
  const blobs: Blob[] = [];
  const names: string[] = [];
  const createUrl = jest.spyOn(URL, 'createObjectURL').mockImplementation((object: Blob | MediaSource) => {
    if (object instanceof Blob) blobs.push(object);
    return 'blob:test';
  });
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download);
  });
  return {
    names,
    texts: () => Promise.all(blobs.map(blobText)),
    restore: () => {
      createUrl.mockRestore();
      click.mockRestore();
    },
  };
}
