// The hub connection: the official client, MessagePack wherever the transport carries binary (all but Server-Sent
// Events), automatic reconnect that never gives up, and a status line fed by the transport in use and round trips.
import * as signalR from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import { HUB_PATH } from './protocol';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface ConnectionStatus { state: ConnectionState; transport?: string; latencyMs?: number; protocol?: string; detail?: string }

const TRANSPORTS: Record<string, signalR.HttpTransportType> = {
  websockets: signalR.HttpTransportType.WebSockets,
  serversentevents: signalR.HttpTransportType.ServerSentEvents,
  sse: signalR.HttpTransportType.ServerSentEvents,
  longpolling: signalR.HttpTransportType.LongPolling,
};

/** Remembers which transport the client settled on (it says so in its debug log) and passes warnings on. */
class TransportSpy implements signalR.ILogger {
  transport?: string;
  log(level: signalR.LogLevel, message: string): void {
    const selected = /Selecting transport '(\w+)'/.exec(message);
    if (selected) this.transport = selected[1];
    if (level >= signalR.LogLevel.Warning) console.warn(`[signalr] ${message}`);
  }
}

export class BoardConnection {
  readonly hub: signalR.HubConnection;
  readonly forcedTransport?: string;
  private readonly spy = new TransportSpy();
  private status: ConnectionStatus = { state: 'connecting' };
  private listeners: ((s: ConnectionStatus) => void)[] = [];
  private pingTimer?: number;
  private reconnectedHandlers: (() => void)[] = [];
  private protocolName: string;

  constructor(transportParam: string | null) {
    const forced = transportParam ? TRANSPORTS[transportParam.toLowerCase()] : undefined;
    if (transportParam && forced === undefined) console.warn(`Unknown transport '${transportParam}': using the default.`);
    this.forcedTransport = forced === undefined ? undefined : signalR.HttpTransportType[forced];
    // Server-Sent Events carry text only; every other transport gets the compact binary protocol.
    const useJson = forced === signalR.HttpTransportType.ServerSentEvents;
    this.protocolName = useJson ? 'JSON' : 'MessagePack';
    const builder = new signalR.HubConnectionBuilder()
      .withUrl(HUB_PATH, forced === undefined ? {} : { transport: forced })
      .withHubProtocol(useJson ? new signalR.JsonHubProtocol() : new MessagePackHubProtocol())
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(250 * 2 ** ctx.previousRetryCount, 5_000) })
      .withStatefulReconnect()
      .configureLogging(this.spy);
    this.hub = builder.build();
    this.hub.onreconnecting((error) => this.set({ state: 'reconnecting', detail: error?.message }));
    this.hub.onreconnected(() => {
      this.set({ state: 'connected', transport: this.spy.transport, protocol: this.protocolName });
      for (const handler of this.reconnectedHandlers) handler();
    });
    this.hub.onclose((error) => this.set({ state: 'offline', detail: error?.message }));
    window.addEventListener('offline', () => this.set({ ...this.status, state: 'offline', detail: 'This device is offline.' }));
    window.addEventListener('online', () => { if (this.hub.state === signalR.HubConnectionState.Connected) this.set({ ...this.status, state: 'connected' }); });
  }

  onStatus(listener: (s: ConnectionStatus) => void): void {
    this.listeners.push(listener);
    listener(this.status);
  }

  onReconnected(handler: () => void): void { this.reconnectedHandlers.push(handler); }

  get connected(): boolean { return this.hub.state === signalR.HubConnectionState.Connected; }

  /** Starts, retrying until the server answers (a page opened while the server restarts still gets there). */
  async start(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        this.set({ state: attempt === 0 ? 'connecting' : 'offline', detail: attempt === 0 ? undefined : 'Retrying…' });
        await this.hub.start();
        this.set({ state: 'connected', transport: this.spy.transport, protocol: this.protocolName });
        this.startPings();
        return;
      } catch (error) {
        console.warn('Could not connect:', error);
        await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** attempt, 5_000)));
      }
    }
  }

  /** Starts again after the client gave up (offline). */
  async restart(): Promise<void> {
    if (this.hub.state !== signalR.HubConnectionState.Disconnected) return;
    await this.start();
    for (const handler of this.reconnectedHandlers) handler();
  }

  private startPings(): void {
    window.clearInterval(this.pingTimer);
    const ping = async () => {
      if (!this.connected) return;
      const sent = performance.now();
      try {
        await this.hub.invoke('Ping', Date.now());
        if (this.status.state === 'connected') this.set({ ...this.status, latencyMs: Math.round(performance.now() - sent) });
      } catch { /* the status already says why */ }
    };
    void ping();
    this.pingTimer = window.setInterval(ping, 3_000);
  }

  private set(status: ConnectionStatus): void {
    this.status = status;
    for (const l of this.listeners) l(status);
  }
}
