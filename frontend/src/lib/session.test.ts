import { describe, expect, it, vi } from 'vitest'
import { currentToken, endSession, getSession, reloadSession, startSession, subscribeSession } from './session'

describe('session', () => {
  it('keeps the token in sessionStorage only, so it survives a reload of the tab', () => {
    startSession('tok')
    expect(sessionStorage.getItem('champion-token')).toBe('tok')
    expect(localStorage.length).toBe(0)
    reloadSession()
    expect(currentToken()).toBe('tok')
  })

  it('forgets the token on sign-out and says why the session ended', () => {
    const listener = vi.fn()
    const unsubscribe = subscribeSession(listener)
    startSession('tok')
    endSession('signed-out')
    expect(getSession()).toEqual({ token: null, ended: 'signed-out' })
    expect(sessionStorage.getItem('champion-token')).toBeNull()
    expect(listener).toHaveBeenCalledTimes(2)
    unsubscribe()
  })

  it('ends only the session of the given token', () => {
    startSession('new')
    endSession('rejected', 'old')
    expect(currentToken()).toBe('new')
    endSession('rejected', 'new')
    expect(getSession()).toEqual({ token: null, ended: 'rejected' })
  })

  it('works in memory when sessionStorage is blocked', () => {
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('blocked', 'SecurityError')
    })
    startSession('tok')
    expect(currentToken()).toBe('tok')
  })
})
