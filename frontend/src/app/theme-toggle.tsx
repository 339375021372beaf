import { Moon, Sun } from 'lucide-react'
import { useState } from 'react'
import { Button } from '@/components/ui/button'

const KEY = 'champion-theme'

function current(): 'light' | 'dark' {
  return document.documentElement.classList.contains('dark') ? 'dark' : 'light'
}

/** Light/dark switch; the choice is kept in localStorage (public/theme-init.js applies it before paint). */
export function ThemeToggle() {
  const [theme, setTheme] = useState(current)
  const next = theme === 'dark' ? 'light' : 'dark'
  return (
    <Button
      variant="ghost"
      size="icon"
      aria-label={`Switch to ${next} theme`}
      data-testid="theme-toggle"
      onClick={() => {
        document.documentElement.classList.toggle('dark', next === 'dark')
        try {
          localStorage.setItem(KEY, next)
        } catch {
          // private mode: the theme still switches for this page
        }
        setTheme(next)
      }}
    >
      {theme === 'dark' ? <Sun /> : <Moon />}
    </Button>
  )
}
