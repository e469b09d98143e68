export default definePageConfig({ navigationBarTitleText: 'Connections' })
