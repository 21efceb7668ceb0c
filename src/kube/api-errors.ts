// How a Kubernetes API call fails, as the rest of triage tells the cases apart.

/** The API server could not be reached at all: nothing else this session asks will work. */
export class ClusterUnreachableError extends Error {
  /** The server closed the connection (ECONNRESET, EPIPE): it is there, and a read may be asked again. */
  constructor(
    message: string,
    readonly reset = false,
  ) {
    super(message);
  }
}

/** The API server answered with an error Status. */
export class KubeApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}
