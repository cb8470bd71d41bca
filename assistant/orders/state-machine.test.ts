import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { ACTIONS, allowedActions, nextState, STATE_LABEL, STATES, TERMINAL, TRANSITIONS, type Action } from './state-machine';

describe('state machine', () => {
  it('labels every state in Chinese and names a target state for every action', () => {
    for (const s of STATES) expect(STATE_LABEL[s]).toMatch(/[\u4e00-\u9fa5]/);
    for (const a of ACTIONS) {
      const t = TRANSITIONS[a];
      expect(t.label).toMatch(/[\u4e00-\u9fa5]/);
      expect(t.to === 'same' || STATES.includes(t.to)).toBe(true);
      for (const f of t.from) expect(STATES).toContain(f);
    }
  });

  it('follows the main line 受理→分派→认领→办理→办结→回访', () => {
    expect(nextState('received', 'dispatch', 'system')).toBe('assigned');
    expect(nextState('assigned', 'claim', 'staff')).toBe('claimed');
    expect(nextState('claimed', 'callback', 'staff')).toBe('in_progress');
    expect(nextState('in_progress', 'callback', 'staff')).toBe('in_progress');
    expect(nextState('in_progress', 'resolve', 'staff')).toBe('resolved');
    expect(nextState('resolved', 'revisit', 'staff')).toBe('evaluated');
    expect(nextState('resolved', 'evaluate', 'citizen')).toBe('evaluated');
    expect(nextState('evaluated', 'reopen', 'staff')).toBe('assigned');
    expect(nextState('in_progress', 'transfer', 'staff')).toBe('assigned');
    expect(nextState('claimed', 'return', 'staff')).toBe('returned');
    expect(nextState('returned', 'assign', 'staff')).toBe('assigned');
    expect(nextState('assigned', 'merge', 'staff')).toBe('merged');
    expect(nextState('in_progress', 'close', 'staff')).toBe('closed');
  });

  it('refuses every transition outside the table with invalid_transition and a Chinese message', () => {
    let refused = 0;
    for (const s of STATES) {
      for (const a of ACTIONS.filter((x) => x !== 'create')) {
        const rule = TRANSITIONS[a];
        const actor = rule.by[0];
        if (rule.from.includes(s)) {
          expect(() => nextState(s, a, actor)).not.toThrow();
          continue;
        }
        try {
          nextState(s, a, actor);
          throw new Error(`accepted ${s} --${a}`);
        } catch (e) {
          expect(e).toBeInstanceOf(AppError);
          expect((e as AppError).code).toBe('invalid_transition');
          expect((e as AppError).userMessage).toContain(STATE_LABEL[s]);
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(80);
  });

  it('terminal states allow nothing but reopen (closed) and create is never an action', () => {
    for (const s of TERMINAL) {
      const allowed = allowedActions(s);
      expect(allowed.filter((a) => a !== 'reopen')).toEqual([]);
    }
    expect(() => nextState('assigned', 'create' as Action, 'staff')).toThrow(AppError);
  });

  it('checks who may act: citizens only evaluate, staff cannot evaluate for them', () => {
    expect(() => nextState('resolved', 'evaluate', 'staff')).toThrow(/群众|不能由/);
    expect(() => nextState('in_progress', 'resolve', 'citizen')).toThrow(AppError);
    expect(allowedActions('resolved', 'citizen')).toEqual(['evaluate']);
  });
});
