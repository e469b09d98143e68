export default definePageConfig({ navigationBarTitleText: 'Prices' })
