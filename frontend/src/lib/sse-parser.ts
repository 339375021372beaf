/** One dispatched server-sent event. */
export interface SseEvent {
  /** the `event:` field, or "message" when the event named none */
  event: string
  /** the `data:` lines joined with "\n" */
  data: string
  /** the last `id:` seen on the stream ("" if none) */
  id: string
}

export interface SseHandlers {
  onEvent: (event: SseEvent) => void
  /** a `:` comment line (the gateway's heartbeats), without the colon and one leading space */
  onComment?: (text: string) => void
}

function stripOneSpace(value: string): string {
  return value.startsWith(' ') ? value.slice(1) : value
}

/**
 * The text/event-stream format (WHATWG HTML, "Parsing an event stream") over decoded text
 * that arrives in arbitrary pieces: a line or an event may be split anywhere, including
 * between the CR and LF of a CRLF. Lines end in CRLF, LF or CR. An event is dispatched at a
 * blank line if it had at least one `data:` line; an unfinished event at the end of the
 * stream is dropped. `retry:` is ignored (the caller decides what a broken stream means).
 */
export class SseParser {
  private readonly handlers: SseHandlers
  /** the unfinished last line */
  private pending = ''
  /** the previous piece ended in CR: a LF starting the next piece belongs to it */
  private afterCr = false
  private data: string[] = []
  private eventType = ''
  private lastId = ''

  constructor(handlers: SseHandlers) {
    this.handlers = handlers
  }

  /** Feeds the next piece of decoded text. */
  push(text: string): void {
    let piece = text
    if (this.afterCr && piece.startsWith('\n')) piece = piece.slice(1)
    this.afterCr = false
    const buffer = this.pending + piece
    const lineEnd = /\r\n|\r|\n/g
    let start = 0
    for (let m = lineEnd.exec(buffer); m !== null; m = lineEnd.exec(buffer)) {
      // A CR at the very end may be the first half of a CRLF split across pieces.
      if (m[0] === '\r' && m.index === buffer.length - 1) this.afterCr = true
      this.line(buffer.slice(start, m.index))
      start = m.index + m[0].length
    }
    this.pending = buffer.slice(start)
  }

  /** The stream ended: whatever was not terminated by a blank line is dropped. */
  end(): void {
    this.pending = ''
    this.afterCr = false
    this.data = []
    this.eventType = ''
  }

  private line(line: string): void {
    if (line === '') return this.dispatch()
    if (line.startsWith(':')) {
      this.handlers.onComment?.(stripOneSpace(line.slice(1)))
      return
    }
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    const value = colon < 0 ? '' : stripOneSpace(line.slice(colon + 1))
    switch (field) {
      case 'event':
        this.eventType = value
        break
      case 'data':
        this.data.push(value)
        break
      case 'id':
        if (!value.includes('\0')) this.lastId = value
        break
      default:
        break // retry and unknown fields
    }
  }

  private dispatch(): void {
    const data = this.data
    const eventType = this.eventType
    this.data = []
    this.eventType = ''
    if (data.length === 0) return
    this.handlers.onEvent({ event: eventType || 'message', data: data.join('\n'), id: this.lastId })
  }
}
