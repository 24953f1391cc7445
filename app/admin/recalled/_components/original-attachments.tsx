"use client";

import { useQueryClient } from "@tanstack/react-query";
import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { adminAttachmentUrl, type AttachmentView } from "~/server/attachments/view";
import { useFormat } from "../../_components/format";

/**
 * A recalled message's files, shown with its original text (members can no longer fetch them):
 * images as thumbnails that open the display size in a new tab, other files as downloads. Every
 * fetch goes through the admin route, which audits it.
 */
export function OriginalAttachments({ attachments }: { attachments: readonly AttachmentView[] }) {
  const t = useT();
  const f = useFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  if (attachments.length === 0) return null;
  // Each image fetched through the admin route wrote its audit row before it was served: once it
  // has loaded, the page's audit trail (and any audit list) is out of date.
  const audited = () => void queryClient.invalidateQueries(trpc.admin.audit.pathFilter());
  const images = attachments.filter((a) => a.kind === "image");
  const files = attachments.filter((a) => a.kind !== "image");
  return (
    <section aria-label={t.admin.detail.originalAttachments} className="space-y-2">
      <h3 className="text-sm font-medium text-slate-700">{t.admin.detail.originalAttachments}</h3>
      {images.length > 0 ? (
        <ul className="flex flex-wrap gap-2">
          {images.map((image) => (
            <li key={image.id}>
              <a
                href={adminAttachmentUrl(image.id, "display")}
                target="_blank"
                rel="noopener noreferrer"
                aria-label={t.admin.detail.openAttachment(image.name)}
                className="block overflow-hidden rounded-lg border border-slate-200 bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
              >
                <img
                  src={adminAttachmentUrl(image.id, "thumb")}
                  alt={image.name}
                  onLoad={audited}
                  width={image.width ?? undefined}
                  height={image.height ?? undefined}
                  className="block h-32 w-auto max-w-48 object-cover"
                />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {files.length > 0 ? (
        <ul className="flex flex-wrap gap-2">
          {files.map((file) => (
            <li key={file.id}>
              <a href={adminAttachmentUrl(file.id, "file")} download={file.name} className={button.secondary}>
                {t.admin.detail.downloadAttachment(file.name, f.bytes(file.size))}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
