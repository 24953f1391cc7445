/**
 * LIKE/ILIKE patterns that match the user's text literally: `%`, `_` and `\` are escaped
 * (PostgreSQL's default LIKE escape character is the backslash), so "100%" finds "100%".
 */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

export const likeContains = (text: string) => `%${escapeLike(text)}%`;
export const likePrefix = (text: string) => `${escapeLike(text)}%`;
