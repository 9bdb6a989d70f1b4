/** The prefilled sign-up link of an existing customer (its `sign_up_url`): page id and the customer's random link token. */
export const signUpLink = (origin: string, pageId: number, token: string) => `${origin}/pages/${pageId}/${token}`;
