"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { button, field } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { ACCOUNT_DISABLED, RATE_LIMITED_PREFIX } from "~/server/auth/sign-in-error";

export function SignInForm() {
  const t = useT();
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const res = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (!res || res.error || !res.ok) {
        const limited = res?.error?.startsWith(RATE_LIMITED_PREFIX)
          ? Number(res.error.slice(RATE_LIMITED_PREFIX.length))
          : null;
        const disabled = res?.error === ACCOUNT_DISABLED;
        setError(
          limited
            ? t.auth.rateLimited(limited)
            : disabled
              ? t.auth.disabled
              : res?.error && res.error !== "CredentialsSignin" && res.status !== 401
                ? t.app.error
                : t.auth.invalid,
        );
        setBusy(false);
        return;
      }
      router.replace("/");
      router.refresh();
    } catch {
      setError(t.errors.network);
      setBusy(false);
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" aria-describedby={error ? `${id}-error` : undefined}>
      <div>
        <label htmlFor={`${id}-email`} className={field.label}>
          {t.auth.email}
        </label>
        <input
          id={`${id}-email`}
          name="email"
          type="email"
          autoComplete="email"
          required
          className={field.input}
          aria-invalid={error ? true : undefined}
        />
      </div>
      <div>
        <label htmlFor={`${id}-password`} className={field.label}>
          {t.auth.password}
        </label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={field.input}
          aria-invalid={error ? true : undefined}
        />
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={busy} className={`${button.primary} w-full`}>
        {busy ? t.auth.signingIn : t.auth.signIn}
      </button>
    </form>
  );
}
