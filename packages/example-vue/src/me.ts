/** This app's user for the session: the name Chat and Live send and the Live page shows online. */
export const ME = `vue-${Math.floor(Math.random() * 1000)}`
