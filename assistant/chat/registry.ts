// Which sockets belong to which conversation, so staff replies reach the citizen's open tabs.
// In-memory: the seam for a shared bus (Redis pub/sub) when several servers run.
import type { WebSocket } from 'ws';

export class SocketRegistry {
  private byConversation = new Map<string, Set<WebSocket>>();

  add(conversationId: string, ws: WebSocket): void {
    let set = this.byConversation.get(conversationId);
    if (!set) this.byConversation.set(conversationId, (set = new Set()));
    set.add(ws);
  }

  remove(conversationId: string, ws: WebSocket): void {
    const set = this.byConversation.get(conversationId);
    if (!set) return;
    set.delete(ws);
    if (!set.size) this.byConversation.delete(conversationId);
  }

  /** Send a frame to every open socket of a conversation; returns how many got it. */
  send(conversationId: string, frame: unknown): number {
    const set = this.byConversation.get(conversationId);
    if (!set) return 0;
    const data = JSON.stringify(frame);
    let n = 0;
    for (const ws of set) {
      if (ws.readyState === ws.OPEN) {
        ws.send(data);
        n++;
      }
    }
    return n;
  }

  get size(): number {
    let n = 0;
    for (const s of this.byConversation.values()) n += s.size;
    return n;
  }
}
