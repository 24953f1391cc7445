import { type Metadata, type Viewport } from "next";
import { type ReactNode } from "react";
import { TRPCReactProvider } from "./_trpc/client";
import { I18nProvider } from "./_i18n/provider";
import { currentLocale } from "./_i18n/server";
import "./globals.css";

export const metadata: Metadata = { title: "Recall", description: "Chat where taking a message back works." };
export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await currentLocale();
  return (
    <html lang={locale === "zh" ? "zh-CN" : "en"}>
      <body className="min-h-dvh bg-slate-50 text-slate-900 antialiased">
        <TRPCReactProvider>
          <I18nProvider locale={locale}>{children}</I18nProvider>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
