import { describe, expect, it } from 'vitest';
import { parseEvents } from './sse';

describe('parseEvents', () => {
  it('reads the blocks the API sends, keeping an unfinished one for the next chunk', () => {
    const text = 'id:3.1\nevent:ready\ndata:{}\n\nid:3.2\nevent:timeline\ndata:{"incident_id":"ep-1"}\n\nid:3.3\nevent:time';
    const { events, rest } = parseEvents(text);
    expect(events).toEqual([
      { id: '3.1', event: 'ready', data: '{}' },
      { id: '3.2', event: 'timeline', data: '{"incident_id":"ep-1"}' },
    ]);
    expect(rest).toBe('id:3.3\nevent:time');
  });

  it('joins data lines, drops one space after the colon, skips comments, and takes CRLF', () => {
    const { events } = parseEvents(': keep-alive\r\n\r\ndata: a\r\ndata:  b\r\n\r\n');
    expect(events).toEqual([{ id: null, event: 'message', data: 'a\n b' }]);
  });
});
