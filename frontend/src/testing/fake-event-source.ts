// jsdom has no EventSource. This fake records instances so tests can push server-sent events
// (named "snapshot" like the gateway's) or fail the stream.
export class FakeEventSource extends EventTarget {
  static instances: FakeEventSource[] = []
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSED = 2
  readonly url: string
  readyState = 0
  closed = false

  constructor(url: string | URL) {
    super()
    this.url = String(url)
    FakeEventSource.instances.push(this)
  }

  /** Sends one event carrying a JSON body. */
  emit(data: unknown, event = 'snapshot') {
    this.readyState = 1
    this.dispatchEvent(new MessageEvent(event, { data: JSON.stringify(data) }))
  }

  /** A transport error (connection refused, 501, dropped). */
  fail() {
    this.readyState = 2
    this.dispatchEvent(new Event('error'))
  }

  close() {
    this.readyState = 2
    this.closed = true
  }

  static latest(): FakeEventSource | undefined {
    return FakeEventSource.instances[FakeEventSource.instances.length - 1]
  }

  static reset() {
    FakeEventSource.instances = []
  }
}
