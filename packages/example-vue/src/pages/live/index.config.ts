export default definePageConfig({ navigationBarTitleText: 'Live' })
