/**
 * A TCP load balancer in front of the gateway instances, as a real deployment has: each new
 * connection goes to the next instance in turn, skipping instances that refuse it. When an
 * instance dies its connections drop and the stations reconnect through the balancer to another.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export class TcpBalancer {
  private server: Server | undefined;
  private next = 0;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly backends: () => number[]) {}

  async listen(): Promise<number> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((res) => this.server?.listen(0, '127.0.0.1', res));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this.port;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((res) => (this.server ? this.server.close(() => res()) : res()));
  }

  private accept(client: Socket): void {
    this.track(client);
    client.pause();
    const ports = this.backends();
    const first = this.next++;
    const attempt = (i: number): void => {
      if (i >= ports.length) {
        client.destroy();
        return;
      }
      const upstream = connect(ports[(first + i) % ports.length], '127.0.0.1');
      upstream.once('error', () => {
        if (!upstream.readyState || upstream.connecting) attempt(i + 1);
      });
      upstream.once('connect', () => {
        this.track(upstream);
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    client.on('error', () => undefined);
    attempt(0);
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }
}
