export default definePageConfig({ navigationBarTitleText: 'Live feed' })
