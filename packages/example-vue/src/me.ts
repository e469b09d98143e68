/** This app's user for the session: the name Chat and Live send and the Live page shows online. */
export const ME = `vue-${Math.floor(Math.random() * 1000)}`
/** Unique, unlike the name: the server tells people apart by it. */
export const ME_ID = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`
