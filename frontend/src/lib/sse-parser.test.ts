import { describe, expect, it } from 'vitest'
import { SseParser, type SseEvent } from './sse-parser'

/** Feeds `pieces` and returns what the parser reported, in order. */
function parse(pieces: string[], end = false) {
  const events: SseEvent[] = []
  const comments: string[] = []
  const parser = new SseParser({ onEvent: (e) => events.push(e), onComment: (c) => comments.push(c) })
  for (const p of pieces) parser.push(p)
  if (end) parser.end()
  return { events, comments }
}

/** Every way of cutting `text` in two, and one character at a time. */
function everySplit(text: string): string[][] {
  const splits: string[][] = [[text], [...text]]
  for (let i = 1; i < text.length; i++) splits.push([text.slice(0, i), text.slice(i)])
  return splits
}

const GATEWAY_STREAM =
  ': heartbeat\n\n' +
  'event: snapshot\ndata: {"status":"RUNNING"}\n\n' +
  ': heartbeat\n\n' +
  'event: snapshot\ndata: {"status":"COMPLETED",\ndata: "n":1}\n\n'

describe('SseParser', () => {
  it('reads named events, joins multi-line data with LF and reports comments', () => {
    const { events, comments } = parse([GATEWAY_STREAM])
    expect(events).toEqual([
      { event: 'snapshot', data: '{"status":"RUNNING"}', id: '' },
      { event: 'snapshot', data: '{"status":"COMPLETED",\n"n":1}', id: '' },
    ])
    expect(comments).toEqual(['heartbeat', 'heartbeat'])
  })

  it('gives the same events however the stream is cut into chunks', () => {
    const whole = parse([GATEWAY_STREAM])
    for (const pieces of everySplit(GATEWAY_STREAM)) {
      expect(parse(pieces)).toEqual(whole)
    }
  })

  it('accepts CRLF and lone CR line endings, also with the CRLF split across chunks', () => {
    const crlf = 'event: snapshot\r\ndata: a\r\ndata: b\r\n\r\n: hb\r\n\r\nevent: error\rdata: {}\r\r'
    const expected = {
      events: [
        { event: 'snapshot', data: 'a\nb', id: '' },
        { event: 'error', data: '{}', id: '' },
      ],
      comments: ['hb'],
    }
    for (const pieces of everySplit(crlf)) expect(parse(pieces)).toEqual(expected)
  })

  it('does not read a CR then LF in separate chunks as two line ends (no spurious blank line)', () => {
    // "data: a\r" | "\ndata: b\n\n": one event with two data lines, not two events.
    expect(parse(['data: a\r', '\ndata: b\n\n']).events).toEqual([{ event: 'message', data: 'a\nb', id: '' }])
  })

  it('names an unnamed event "message" and resets the name after each event', () => {
    expect(parse(['event: error\ndata: 1\n\ndata: 2\n\n']).events).toEqual([
      { event: 'error', data: '1', id: '' },
      { event: 'message', data: '2', id: '' },
    ])
  })

  it('strips one space after the colon only, and reads a field without a colon as empty', () => {
    expect(parse(['data:x\ndata:  two spaces\ndata\n\n']).events[0].data).toBe('x\n two spaces\n')
  })

  it('dispatches nothing for a blank line without data, and keeps an empty data line', () => {
    expect(parse(['event: snapshot\n\n\n\n']).events).toEqual([])
    expect(parse(['data:\n\n']).events).toEqual([{ event: 'message', data: '', id: '' }])
  })

  it('keeps the last id, ignores retry and unknown fields', () => {
    const { events } = parse(['id: 7\nretry: 10\nfoo: bar\ndata: a\n\ndata: b\n\n'])
    expect(events).toEqual([
      { event: 'message', data: 'a', id: '7' },
      { event: 'message', data: 'b', id: '7' },
    ])
  })

  it('drops an event the stream ended in the middle of', () => {
    const { events } = parse(['data: complete\n\n', 'event: snapshot\ndata: {"half'], true)
    expect(events).toEqual([{ event: 'message', data: 'complete', id: '' }])
  })

  it('reads a comment without a space and an empty comment', () => {
    expect(parse([':x\n:\n\n']).comments).toEqual(['x', ''])
  })
})
