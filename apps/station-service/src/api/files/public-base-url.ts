import type { AddressInfo } from 'node:net';
import type { HttpAdapterHost } from '@nestjs/core';
import type { PublicBaseUrl } from '../../application/files/command-files';

/**
 * FILES_PUBLIC_URL when set; otherwise the address the operator API listens on (127.0.0.1 for a
 * wildcard address), which only suits stations on the same host (all-in-one, tests).
 */
export class ApiBaseUrl {
  private host: HttpAdapterHost | undefined;

  constructor(private readonly configured: string | undefined) {}

  attach(host: HttpAdapterHost): void {
    this.host = host;
  }

  readonly get: PublicBaseUrl = () => {
    if (this.configured) return this.configured;
    const address = (this.host?.httpAdapter?.getHttpServer() as { address(): AddressInfo | string | null } | undefined)?.address();
    if (!address || typeof address === 'string') throw new Error('FILES_PUBLIC_URL is not set and the API address is unknown');
    const host = ['0.0.0.0', '::', ''].includes(address.address)
      ? '127.0.0.1'
      : address.family === 'IPv6'
        ? `[${address.address}]`
        : address.address;
    return `http://${host}:${address.port}`;
  };
}
