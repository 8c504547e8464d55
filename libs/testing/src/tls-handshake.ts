import { connect, type ConnectionOptions } from 'node:tls';

export interface TlsHandshakeResult {
  /** Key type of the server certificate chosen for this offer (`rsa`, `ec`). */
  keyType: string | undefined;
  serial: string;
  /** IANA name of the suite agreed, e.g. TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256. */
  cipher: string;
  version: string | null;
}

/** A bare TLS handshake with 127.0.0.1:`port`: what the server chose for the client's offer in `options`. */
export function tlsHandshake(port: number, options: ConnectionOptions): Promise<TlsHandshakeResult> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ...options }, () => {
      const cert = socket.getPeerX509Certificate();
      resolve({
        keyType: cert?.publicKey.asymmetricKeyType,
        serial: cert?.serialNumber ?? '',
        cipher: socket.getCipher().standardName,
        version: socket.getProtocol(),
      });
      socket.end();
    });
    socket.once('error', reject);
  });
}
