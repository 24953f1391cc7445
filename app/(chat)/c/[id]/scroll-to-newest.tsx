import { headers } from "next/headers";

/**
 * The server-rendered log would show its oldest messages until the scripts hydrate it and scroll
 * it to the newest; this runs as soon as the HTML above it is parsed (after the stylesheets, so
 * the heights are right). A client-side navigation inserts it inert: the log's own effect scrolls.
 */
export async function ScrollToNewest() {
  // The page's CSP allows inline scripts only with its nonce (proxy.ts).
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <script
      nonce={nonce}
      dangerouslySetInnerHTML={{
        __html: `(function(){var l=document.querySelector('[role="log"]');if(l)l.scrollTop=l.scrollHeight})()`,
      }}
    />
  );
}
