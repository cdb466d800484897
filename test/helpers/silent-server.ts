import { createServer, type Server, type Socket } from 'node:net';

/** A TCP server that accepts connections and never answers: what a hung database looks like from outside. */
export class SilentServer {
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server, readonly port: number) {
    server.on('connection', (socket) => {
      socket.on('error', () => undefined);
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<SilentServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new SilentServer(server, (server.address() as { port: number }).port);
  }

  /** A PostgreSQL URL to this server, with a password that must never be printed. */
  get url(): string {
    return `postgres://app:hunter2@127.0.0.1:${this.port}/app`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
