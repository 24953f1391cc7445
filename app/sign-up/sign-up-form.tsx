"use client";

import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { type FormEvent, type InputHTMLAttributes, useId, useState } from "react";
import { describeError, fieldErrorsOf } from "~/app/_components/error-message";
import { button, field } from "~/app/_components/styles";
import { useLocale, useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";

type Field = "name" | "email" | "password";

export function SignUpForm() {
  const t = useT();
  const locale = useLocale();
  const router = useRouter();
  const trpc = useTRPC();
  const id = useId();
  const signUp = useMutation(trpc.user.signUp.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = {
      name: String(form.get("name") ?? ""),
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
    };
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      await signUp.mutateAsync(input);
    } catch (err) {
      const fields = fieldErrorsOf(err);
      setFieldErrors(fields);
      setError(Object.keys(fields).length ? Object.values(fields).join(" ") : describeError(err, t, locale));
      setBusy(false);
      return;
    }
    const res = await signIn("credentials", { email: input.email, password: input.password, redirect: false }).catch(
      () => null,
    );
    if (!res?.ok) {
      // The account exists; only the automatic sign-in failed.
      router.replace("/sign-in");
      return;
    }
    router.replace("/");
    router.refresh();
  }

  // Server messages are shown once, in the alert; invalid fields point at it.
  const errorId = `${id}-error`;
  const input = (name: Field, label: string, props: InputHTMLAttributes<HTMLInputElement>, hint?: string) => {
    const invalid = Boolean(fieldErrors[name]);
    const describedBy =
      [invalid ? errorId : null, hint ? `${id}-${name}-hint` : null].filter(Boolean).join(" ") || undefined;
    return (
      <div>
        <label htmlFor={`${id}-${name}`} className={field.label}>
          {label}
        </label>
        <input
          id={`${id}-${name}`}
          name={name}
          required
          className={field.input}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          {...props}
        />
        {hint ? (
          <p id={`${id}-${name}-hint`} className={field.hint}>
            {hint}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <form method="post" onSubmit={onSubmit} noValidate className="space-y-4">
      {input("name", t.auth.name, { type: "text", autoComplete: "name", maxLength: 60 })}
      {input("email", t.auth.email, { type: "email", autoComplete: "email" })}
      {input("password", t.auth.password, { type: "password", autoComplete: "new-password" }, t.auth.passwordHint)}
      {error ? (
        <p id={errorId} role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={busy} className={`${button.primary} w-full`}>
        {busy ? t.auth.creatingAccount : t.auth.signUp}
      </button>
    </form>
  );
}
