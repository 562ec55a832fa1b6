import type { PriorityLevel as AlarmPriority } from './alarm-state';

/**
 * Alarm tones made with the Web Audio API (no sound files): each priority has its own pattern of
 * short beeps, higher and more of them the more urgent. Browsers keep an AudioContext suspended
 * until the user interacts with the page: `unlock()` resumes it on the first click or key, and
 * `blocked` tells the panel to show a hint meanwhile.
 */

/** [frequency Hz, start s, length s] per beep. */
const PATTERNS: Record<AlarmPriority, Array<[number, number, number]>> = {
  1: [
    [988, 0, 0.12],
    [740, 0.16, 0.12],
    [988, 0.32, 0.12],
    [740, 0.48, 0.12],
  ],
  2: [
    [784, 0, 0.14],
    [784, 0.22, 0.14],
  ],
  3: [[622, 0, 0.2]],
  4: [[440, 0, 0.15]],
};

const WAVE: Record<AlarmPriority, OscillatorType> = {
  1: 'square',
  2: 'triangle',
  3: 'sine',
  4: 'sine',
};

type Listener = (blocked: boolean) => void;

export class AlarmSound {
  private ctx: AudioContext | undefined;
  private listeners = new Set<Listener>();

  private context(): AudioContext | undefined {
    if (this.ctx) return this.ctx;
    const Ctor =
      window.AudioContext ??
      (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctor) return undefined;
    this.ctx = new Ctor();
    this.ctx.onstatechange = () => this.emit();
    return this.ctx;
  }

  /** True while the browser has not let the page play sound yet. */
  get blocked(): boolean {
    return this.ctx?.state === 'suspended';
  }

  onBlockedChange(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private emit(): void {
    for (const l of this.listeners) l(this.blocked);
  }

  /** Call from a user gesture: creates or resumes the context so later tones are heard. */
  unlock(): void {
    const ctx = this.context();
    if (ctx?.state === 'suspended')
      void ctx.resume().then(
        () => this.emit(),
        () => this.emit(),
      );
  }

  /** Plays the priority's pattern (scheduled even while suspended: it sounds once resumed). */
  play(priority: AlarmPriority): void {
    const ctx = this.context();
    if (!ctx) return;
    if (ctx.state === 'suspended') {
      void ctx.resume().catch(() => undefined);
      this.emit();
    }
    const t0 = ctx.currentTime + 0.02;
    for (const [freq, at, len] of PATTERNS[priority]) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = WAVE[priority];
      osc.frequency.value = freq;
      // A short attack and release: no clicks.
      gain.gain.setValueAtTime(0, t0 + at);
      gain.gain.linearRampToValueAtTime(0.25, t0 + at + 0.01);
      gain.gain.setValueAtTime(0.25, t0 + at + len - 0.02);
      gain.gain.linearRampToValueAtTime(0, t0 + at + len);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0 + at);
      osc.stop(t0 + at + len + 0.01);
    }
  }
}

/** One player for the page (a second AudioContext per view would need unlocking again). */
export const alarmSound = new AlarmSound();
