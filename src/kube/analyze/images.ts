// Image references and the digests a runtime reports for them.

const DIGEST = /sha256:[0-9a-f]{64}/;

/** `sha256:<64 hex>` from an imageID (`docker-pullable://repo@sha256:…`, `repo@sha256:…`), if any. */
export function digestOf(imageId: string | undefined): string | undefined {
  return imageId ? DIGEST.exec(imageId)?.[0] : undefined;
}

/** `sha256:1a2b3c4d5e6f`: enough to tell digests apart in a line. */
export function shortDigest(digest: string): string {
  return digest.slice(0, 'sha256:'.length + 12);
}

/** The tag of an image reference; undefined when it has none. */
export function imageTag(image: string): string | undefined {
  const withoutDigest = image.split('@')[0]!;
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  return colon < 0 ? undefined : lastSegment.slice(colon + 1);
}

/** `:latest`, or no tag and no digest (which pulls `latest`): what runs can change under the same spec. */
export function floatingTag(image: string): 'latest' | 'untagged' | undefined {
  if (image.includes('@sha256:')) return undefined;
  const tag = imageTag(image);
  if (tag === undefined) return 'untagged';
  return tag === 'latest' ? 'latest' : undefined;
}
