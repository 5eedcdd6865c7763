// Who is signed in. The session itself is the HttpOnly cookie abonado sets at
// login; the console only learns the agent (GET /api/v1/auth/me). Any 401
// sends the agent to the login page with the way back (?next=), keeping
// drafts.

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { navigate } from "wouter/use-browser-location";
import { get, post, setUnauthorizedHandler } from "./api";
import type { Agent } from "./model";
import { clearAllDrafts } from "./draft";

interface Session {
  agent: Agent | null;
  /** The last session ended by itself (401), not by logout. */
  expired: boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  hasRole: (...roles: string[]) => boolean;
}

const Ctx = createContext<Session | null>(null);

export function loginPath(next?: string): string {
  const here = next ?? window.location.pathname + window.location.search;
  return here && here !== "/" && !here.startsWith("/login") ? `/login?next=${encodeURIComponent(here)}` : "/login";
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [agent, setAgent] = useState<Agent | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setAgent((current) => {
        if (current) setExpired(true);
        return null;
      });
      if (!window.location.pathname.startsWith("/login")) navigate(loginPath(), { replace: true });
    });
    get<Agent>("/api/v1/auth/me")
      .then((a) => setAgent(a))
      .catch(() => setAgent(null));
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const r = await post<{ agent: Agent }>("/api/v1/auth/login", { username, password });
    setExpired(false);
    setAgent(r.agent);
  }, []);

  const logout = useCallback(async () => {
    try {
      await post("/api/v1/auth/logout", undefined);
    } catch {
      // The session may already be gone; the agent is out either way.
    }
    clearAllDrafts();
    setExpired(false);
    setAgent(null);
    navigate("/login", { replace: true });
  }, []);

  const value = useMemo<Session | null>(() => {
    if (agent === undefined) return null;
    return {
      agent,
      expired,
      login,
      logout,
      hasRole: (...roles) => !!agent && agent.roles.some((r) => r === "admin" || roles.includes(r)),
    };
  }, [agent, expired, login, logout]);

  if (!value) return <p className="boot">…</p>;
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error("useSession outside SessionProvider");
  return v;
}
