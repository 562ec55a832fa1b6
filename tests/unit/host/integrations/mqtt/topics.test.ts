import { describe, expect, it } from 'vitest';
import { mqttTopics, topicLevel } from '../../../../../electron/host/integrations/mqtt/topics';

describe('MQTT topic building', () => {
  it('uses the prefix for the fixed topics', () => {
    const t = mqttTopics('watcher');
    expect(t.available).toBe('watcher/available');
    expect(t.events).toBe('watcher/events');
    expect(t.cameraStatus('cam-1')).toBe('watcher/cam-1/status');
    expect(t.count('cam-1', 'line_a', 'car')).toBe('watcher/cam-1/line_a/car');
    expect(t.occupancy('cam-1', 'zone-1', 'car')).toBe('watcher/cam-1/zone-1/car/occupancy');
    expect(mqttTopics('site/watcher').events).toBe('site/watcher/events');
  });

  it('never lets an id add a level or a wildcard', () => {
    const t = mqttTopics('watcher');
    for (const id of [
      'a/b',
      'a+b',
      'a#',
      '#',
      '+',
      '/',
      '$SYS',
      'a\u0000b',
      ' x y ',
      '',
      '..',
      'ü/ß',
    ])
      for (const topic of [t.cameraStatus(id), t.count(id, id, id)]) {
        expect(topic).not.toMatch(/[+#$\s]/);
        expect(topic).not.toContain('\u0000');
        const levels = topic.split('/');
        expect(levels.length).toBe(topic === t.cameraStatus(id) ? 3 : 4);
        for (const l of levels) expect(l.length).toBeGreaterThan(0);
      }
    for (const id of ['a/b', '#', '+', '$SYS', ''])
      expect(t.occupancy(id, id, id).split('/')).toHaveLength(5);
    expect(topicLevel('a/b')).toBe('a_b');
    expect(topicLevel('')).toBe('_');
    expect(topicLevel('..')).toBe('_');
  });
});
